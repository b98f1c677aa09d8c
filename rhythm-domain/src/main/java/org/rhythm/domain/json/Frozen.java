package org.rhythm.domain.json;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * The unmodifiable containers of canonical JSON values. Everything inside one is canonical too, so
 * {@link Json#copy} hands them back as they are instead of copying them again.
 */
final class Frozen {
  private Frozen() {}

  static List<Object> list(List<Object> elements) {
    return new FrozenList(elements);
  }

  static Map<String, Object> object(Map<String, Object> members) {
    return new FrozenObject(members);
  }

  static boolean isFrozen(Object value) {
    return value instanceof FrozenList || value instanceof FrozenObject;
  }

  private static final class FrozenList extends AbstractList<Object> implements RandomAccess {
    private final List<Object> elements;

    FrozenList(List<Object> elements) {
      this.elements = elements;
    }

    @Override
    public Object get(int index) {
      return elements.get(index);
    }

    @Override
    public int size() {
      return elements.size();
    }
  }

  private static final class FrozenObject extends AbstractMap<String, Object> {
    private final Map<String, Object> members;

    FrozenObject(Map<String, Object> members) {
      this.members = Collections.unmodifiableMap(members);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return members.entrySet();
    }

    @Override
    public Object get(Object key) {
      return members.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return members.containsKey(key);
    }

    @Override
    public int size() {
      return members.size();
    }
  }
}
