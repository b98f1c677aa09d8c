/**
 * The result store on MongoDB, reading and writing the documents sca_rhythm and Celery write
 * (workflow_meta, celery_taskmeta). Not implemented yet.
 */
package org.rhythm.adapter.mongo;
