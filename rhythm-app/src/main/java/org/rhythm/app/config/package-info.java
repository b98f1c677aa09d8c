/** The one configuration that chooses Rhythm's adapters: a properties file and the environment. */
package org.rhythm.app.config;
