package org.rhythm.app.http;

/** {@link HttpAuthContract} on the in-memory adapters. */
class HttpAuthTest extends HttpAuthContract {
  @Override
  protected TestAdapters adapters() {
    return new InMemoryAdapters();
  }
}
