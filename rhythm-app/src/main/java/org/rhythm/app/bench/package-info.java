/**
 * {@code rhythm bench} (DESIGN.md §7): runs N workflows of S no-op steps on chosen adapters, then
 * reads the store back to check every outcome and reports throughput, step-to-step and end-to-end
 * latency, store round trips per transition and peak memory.
 */
package org.rhythm.app.bench;
