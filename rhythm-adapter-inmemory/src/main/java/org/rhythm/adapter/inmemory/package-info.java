/**
 * The in-process adapters, real implementations rather than fakes: {@code InMemoryBroker} and
 * {@code InMemoryResultStore}, thread-safe and passing the same port contracts as the adapters on
 * servers. They are the embedded default, back the service and app tests, and serve local runs and
 * the benchmark. Depends only on the ports and the domain.
 */
package org.rhythm.adapter.inmemory;
