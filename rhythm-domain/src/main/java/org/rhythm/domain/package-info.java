/**
 * The root of Rhythm's domain: the exceptions every part shares. The domain uses only the JDK; it
 * does no I/O and reads no clock: time, ids and randomness come in as arguments.
 */
package org.rhythm.domain;
