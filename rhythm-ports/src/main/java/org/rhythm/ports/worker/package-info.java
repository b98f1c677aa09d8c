/**
 * The worker runtime: consumes task messages from a {@link org.rhythm.ports.out.Broker}, runs the
 * Java tasks registered by name in a {@link org.rhythm.ports.worker.TaskRegistry} on a pool of
 * threads, and reports every outcome through {@link org.rhythm.ports.in.TaskReports} before it
 * acknowledges the message (late ack). Depends on the domain and the ports only, and on no library
 * beyond the JDK.
 */
package org.rhythm.ports.worker;
