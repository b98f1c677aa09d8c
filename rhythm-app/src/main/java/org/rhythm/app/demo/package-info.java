/**
 * {@code rhythm demo}: one process, in-memory adapters and Java workers running a three-step
 * workflow (inspect, archive, stage) with live progress bars, an injected failure that is resumed,
 * and a pause that is resumed.
 */
package org.rhythm.app.demo;
