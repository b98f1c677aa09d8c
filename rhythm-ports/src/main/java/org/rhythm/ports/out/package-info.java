/**
 * The driven ports: the {@link org.rhythm.ports.out.Broker} that carries task messages and
 * revocations, and the {@link org.rhythm.ports.out.ResultStore} that keeps workflows and task
 * records. Their Javadoc is their contract; {@code rhythm-testkit} checks every adapter against it.
 * Depends only on the domain.
 */
package org.rhythm.ports.out;
