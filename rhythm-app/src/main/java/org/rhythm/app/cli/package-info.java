/**
 * The {@code rhythm} command line: {@code demo}, {@code bench}, {@code server}, {@code keys},
 * {@code token} and {@code help}.
 */
package org.rhythm.app.cli;
