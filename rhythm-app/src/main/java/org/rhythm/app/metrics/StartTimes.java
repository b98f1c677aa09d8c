package org.rhythm.app.metrics;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * When something began, remembered until it ends: a fixed number of slots chosen by the key's hash,
 * written and taken without locks. A mark whose slot another mark takes is forgotten, and so is a
 * mark never taken once its slot is reused; a meter fed from here may miss a few samples but never
 * records a wrong one, and the memory used never grows.
 */
final class StartTimes {
  private final AtomicReferenceArray<Mark> slots;
  private final int mask;
  private final boolean byIdentity;

  private record Mark(Object key, long nanos) {}

  private StartTimes(int slotsPowerOfTwo, boolean byIdentity) {
    if (slotsPowerOfTwo < 1 || Integer.bitCount(slotsPowerOfTwo) != 1) {
      throw new IllegalArgumentException(
          "the number of slots is a positive power of two, not " + slotsPowerOfTwo);
    }
    this.slots = new AtomicReferenceArray<>(slotsPowerOfTwo);
    this.mask = slotsPowerOfTwo - 1;
    this.byIdentity = byIdentity;
  }

  /** Keys that are equal values, such as task ids that arrive in different objects. */
  static StartTimes byEquality(int slots) {
    return new StartTimes(slots, false);
  }

  /** Keys that are the very same object; cheap to hash whatever the object holds. */
  static StartTimes byIdentity(int slots) {
    return new StartTimes(slots, true);
  }

  /** Remembers that {@code key} began at {@code nanos}, replacing whatever its slot held. */
  void mark(Object key, long nanos) {
    slots.set(index(key), new Mark(key, nanos));
  }

  /**
   * When {@code key} began, if still remembered; it is forgotten then, so a second take is empty.
   */
  OptionalLong take(Object key) {
    int index = index(key);
    Mark mark = slots.get(index);
    if (mark != null && matches(mark.key(), key) && slots.compareAndSet(index, mark, null)) {
      return OptionalLong.of(mark.nanos());
    }
    return OptionalLong.empty();
  }

  private boolean matches(Object marked, Object key) {
    return byIdentity ? marked == key : marked.equals(key);
  }

  private int index(Object key) {
    int hash = byIdentity ? System.identityHashCode(key) : key.hashCode();
    return (hash ^ (hash >>> 16)) & mask;
  }
}
