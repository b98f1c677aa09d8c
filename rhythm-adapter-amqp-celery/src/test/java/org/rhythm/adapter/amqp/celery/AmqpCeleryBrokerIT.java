package org.rhythm.adapter.amqp.celery;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.Broker;
import org.rhythm.testkit.contract.BrokerContract;

/** The broker contract on the machine's RabbitMQ, with and without priority queues. */
class AmqpCeleryBrokerIT {

  /** Queues declared with {@code x-max-priority} 10, as bioloop's Celery does. */
  @Nested
  class WithMaxPriority extends BrokerContract {
    @RegisterExtension final RabbitBrokers rabbit = new RabbitBrokers();
    private final AmqpCeleryBroker broker =
        rabbit.start(RabbitBrokers.settings().withMaxPriority(10));

    @Override
    protected Broker broker() {
      return broker;
    }

    @Override
    protected Duration quietPeriod() {
      return Duration.ofMillis(300);
    }
  }

  /** Queues declared with no arguments, Celery's default: RabbitMQ ignores priorities. */
  @Nested
  class WithoutMaxPriority extends BrokerContract {
    @RegisterExtension final RabbitBrokers rabbit = new RabbitBrokers();
    private final AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());

    @Override
    protected Broker broker() {
      return broker;
    }

    @Override
    protected Duration quietPeriod() {
      return Duration.ofMillis(300);
    }

    @Override
    protected int priorityRank(TaskPriority priority) {
      return 0;
    }
  }
}
