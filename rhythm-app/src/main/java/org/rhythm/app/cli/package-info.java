/** The {@code rhythm} command line: {@code demo}, {@code bench} and {@code help}. */
package org.rhythm.app.cli;
