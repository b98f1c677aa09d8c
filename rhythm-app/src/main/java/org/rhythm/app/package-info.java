/**
 * Rhythm as an application: the entry point, the facade for embedding, and the parts below it
 * (wiring, command line, demo, bench). The only module that knows Guice and every adapter.
 */
package org.rhythm.app;
