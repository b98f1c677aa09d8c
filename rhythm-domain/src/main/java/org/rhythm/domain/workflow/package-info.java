/**
 * Workflows and their steps: definitions and their validation, status derivation, and the pure
 * transitions (start, started, advance, pause, resume, recovery) that return guarded changes and
 * task commands for the shell to carry out. Depends only on the JDK and the other domain packages.
 */
package org.rhythm.domain.workflow;
