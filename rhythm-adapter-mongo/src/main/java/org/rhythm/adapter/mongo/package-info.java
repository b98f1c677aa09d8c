/**
 * The result store on MongoDB: {@code MongoResultStore}, configured by {@code MongoSettings},
 * reading and writing the documents sca_rhythm and Celery write ({@code workflow_meta}, {@code
 * celery_taskmeta}) so that Python workers and Rhythm share them. Translation is kept apart from
 * I/O: {@code WorkflowDocuments}, {@code TaskDocuments} and {@code WorkflowUpdates} are pure.
 * Depends on the ports, the domain and the MongoDB sync driver.
 */
package org.rhythm.adapter.mongo;
