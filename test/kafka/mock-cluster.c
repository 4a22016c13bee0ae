/*
 * A Kafka-protocol broker on loopback for tests: librdkafka's mock cluster, started from this small
 * program so that kafkajs talks to it over real TCP. Debian ships it in librdkafka-dev; there is no
 * Kafka server package and no container runtime on the build machines.
 *
 * Usage: mock-cluster [broker count]   (default 1)
 * Prints "bootstrap <host:port,...>" once the brokers listen, then reads commands from stdin, one per
 * line, answering each with "ok" or "error <reason>" so the caller can await it:
 *   down <broker id|-1>          disconnect the broker and refuse new connections (an outage)
 *   up <broker id|-1>            accept connections again
 *   rtt <broker id|-1> <ms>      delay every response, to hold a request in flight
 *   topic <name> <partitions>    create a topic (otherwise topics are auto-created on first use)
 *   errors <api key> <count> <error code>
 *                                fail the next <count> requests of that API with the error
 *   quit                         shut down
 * End of input also shuts down, so the cluster never outlives a test runner that died.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void quiet_logger(const rd_kafka_t *rk, int level, const char *facility, const char *message) {
  /* The bookkeeping client has no bootstrap servers of its own and would log that forever. */
  (void)rk; (void)level; (void)facility; (void)message;
}

static void reply(rd_kafka_resp_err_t err) {
  if (err) printf("error %s\n", rd_kafka_err2str(err));
  else printf("ok\n");
  fflush(stdout);
}

int main(int argc, char **argv) {
  int brokers = argc > 1 ? atoi(argv[1]) : 1;
  if (brokers < 1) brokers = 1;
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(conf, quiet_logger);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) {
    fprintf(stderr, "cannot create the bookkeeping client: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, brokers);
  if (!cluster) {
    fprintf(stderr, "cannot create the mock cluster\n");
    rd_kafka_destroy(rk);
    return 1;
  }
  printf("bootstrap %s\n", rd_kafka_mock_cluster_bootstraps(cluster));
  fflush(stdout);

  char line[1024];
  while (fgets(line, sizeof line, stdin)) {
    char name[512];
    int a = 0, b = 0, c = 0;
    if (sscanf(line, "down %d", &a) == 1) reply(rd_kafka_mock_broker_set_down(cluster, a));
    else if (sscanf(line, "up %d", &a) == 1) reply(rd_kafka_mock_broker_set_up(cluster, a));
    else if (sscanf(line, "rtt %d %d", &a, &b) == 2) reply(rd_kafka_mock_broker_set_rtt(cluster, a, b));
    else if (sscanf(line, "topic %511s %d", name, &a) == 2) reply(rd_kafka_mock_topic_create(cluster, name, a, 1));
    else if (sscanf(line, "errors %d %d %d", &a, &b, &c) == 3) {
      rd_kafka_resp_err_t *errors = calloc((size_t)b, sizeof *errors);
      for (int i = 0; i < b; i++) errors[i] = (rd_kafka_resp_err_t)c;
      rd_kafka_mock_push_request_errors_array(cluster, (int16_t)a, (size_t)b, errors);
      free(errors);
      reply(RD_KAFKA_RESP_ERR_NO_ERROR);
    } else if (strncmp(line, "quit", 4) == 0) break;
    else {
      printf("error unknown command\n");
      fflush(stdout);
    }
  }
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}
