/**
 * Guice modules, one per feature: {@link org.rhythm.app.wiring.CoreModule} binds the service and
 * its settings; an adapter module ({@link org.rhythm.app.wiring.InMemoryModule}, later Mongo, AMQP
 * and Kafka) binds the ports. Modules call plain constructors and do no I/O.
 */
package org.rhythm.app.wiring;
