/**
 * The JSON values workflows carry (task arguments, results, progress) as plain Java objects, and
 * their text form exactly as Python's {@code json} module writes it for Celery. Depends only on the
 * JDK.
 */
package org.rhythm.domain.json;
