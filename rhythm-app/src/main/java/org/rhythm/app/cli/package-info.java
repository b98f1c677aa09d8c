/**
 * The {@code rhythm} command line, on picocli: {@code server}, {@code worker}, the client commands
 * {@code start}, {@code status}, {@code list}, {@code watch}, {@code pause}, {@code resume} and
 * {@code delete} (against a server or {@code --direct} on the store), {@code reconcile}, {@code
 * keys}, {@code token}, {@code demo} and {@code bench}. Depends on the app, its HTTP API, its
 * configuration and the ports; {@link org.rhythm.app.cli.RhythmCli} is its entry.
 */
package org.rhythm.app.cli;
