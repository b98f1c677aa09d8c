/**
 * The contracts of the driven ports: one abstract JUnit 5 class per port ({@code BrokerContract},
 * {@code ResultStoreContract}) that every adapter of that port extends, plus what they need (cases,
 * reference model, random operation sequences). Depends on the ports, the domain, the fixtures,
 * JUnit and AssertJ.
 */
package org.rhythm.testkit.contract;
