/**
 * Rhythm's meters on Micrometer, published for Prometheus: decorators of the driving ports that
 * count what this process does (pauses, resumes, task outcomes, step durations, dispatch-to-start
 * latency), gauges of the workflows by status read from the store only when scraped, the JVM's
 * meters, and the {@code GET /metrics} route. May depend on the ports, Micrometer and Javalin; the
 * core never depends on it.
 */
package org.rhythm.app.metrics;
