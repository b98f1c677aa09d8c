/**
 * Time for tests: {@link org.rhythm.testkit.time.MutableClock}, a {@link java.time.Clock} that
 * moves only when a test moves it. Depends only on the JDK.
 */
package org.rhythm.testkit.time;
