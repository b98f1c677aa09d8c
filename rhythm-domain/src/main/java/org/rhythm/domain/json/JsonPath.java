package org.rhythm.domain.json;

/** Where a value sits inside a JSON tree, written like {@code $.a[2]} in error messages. */
final class JsonPath {
  static final JsonPath ROOT = new JsonPath(null, "$");

  // The segment's text is built only when an error message asks for it: paths are made for every
  // element copied or written, and almost never read.
  private final JsonPath parent;
  private final String key;
  private final int index;

  private JsonPath(JsonPath parent, String key, int index) {
    this.parent = parent;
    this.key = key;
    this.index = index;
  }

  private JsonPath(JsonPath parent, String root) {
    this(parent, root, -1);
  }

  JsonPath key(String name) {
    return new JsonPath(this, name, -1);
  }

  JsonPath index(int position) {
    return new JsonPath(this, null, position);
  }

  @Override
  public String toString() {
    if (parent == null) {
      return key;
    }
    return parent + (key != null ? "." + key : "[" + index + "]");
  }
}
