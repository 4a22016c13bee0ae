import { RecordingEventPublisher } from './recording-event-publisher.js';
import { eventPublisherContract, type DeliveredMessage } from './testing/event-publisher.contract.js';

eventPublisherContract('recording publisher', () => {
  const topicPrefix = 'contract';
  const publishers: RecordingEventPublisher[] = [];
  return Promise.resolve({
    topicPrefix,
    createPublisher() {
      const publisher = new RecordingEventPublisher({ topicPrefix });
      publishers.push(publisher);
      return publisher;
    },
    // Acknowledged means recorded, synchronously: there is nothing to wait for.
    delivered(filter, count) {
      const messages: DeliveredMessage[] = publishers.flatMap((publisher) => publisher.messages).filter(filter);
      if (messages.length < count)
        return Promise.reject(new Error(`Expected ${count} recorded messages, found ${messages.length}`));
      return Promise.resolve(messages);
    },
    dispose: () => Promise.resolve(),
  });
});
