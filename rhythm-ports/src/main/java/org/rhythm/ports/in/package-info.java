/**
 * The driving ports: the use cases callers (the CLI, the HTTP API, embedding code) and workers
 * drive, and the views and results they return. Depends only on the domain.
 */
package org.rhythm.ports.in;
