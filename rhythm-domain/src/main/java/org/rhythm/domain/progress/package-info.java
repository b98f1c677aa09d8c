/**
 * The progress a running task reports and its ETA, computed as sca_rhythm's {@code progress.py}
 * computes them. Depends only on the JDK; time comes in as arguments.
 */
package org.rhythm.domain.progress;
