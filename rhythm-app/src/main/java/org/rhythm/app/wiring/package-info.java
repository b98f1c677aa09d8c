/**
 * Guice modules, one per feature: {@link org.rhythm.app.wiring.CoreModule} binds the service and
 * its settings; an adapter module ({@link org.rhythm.app.wiring.InMemoryModule}, {@link
 * org.rhythm.app.wiring.MongoModule} for the store, {@link org.rhythm.app.wiring.KafkaModule} for
 * the broker) binds the ports; {@link org.rhythm.app.wiring.MetricsModule}, which the core
 * installs, binds the meter registry. Modules call plain constructors and do no I/O.
 */
package org.rhythm.app.wiring;
