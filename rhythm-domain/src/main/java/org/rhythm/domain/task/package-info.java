/**
 * Tasks as Celery knows them: ids, states, the record a worker leaves behind, priorities. Depends
 * only on the JDK and {@code org.rhythm.domain.json}.
 */
package org.rhythm.domain.task;
