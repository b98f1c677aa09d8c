package org.rhythm.app.http;

/** {@link HttpStoryContract} on the in-memory adapters. */
class HttpStoryTest extends HttpStoryContract {
  @Override
  protected TestAdapters adapters() {
    return new InMemoryAdapters();
  }
}
