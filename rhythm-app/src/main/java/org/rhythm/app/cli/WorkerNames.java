package org.rhythm.app.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Worker names as Celery makes them ({@code name@host}, written into task records), with the
 * process id so that two workers on one host differ.
 */
final class WorkerNames {
  private WorkerNames() {}

  static String of(String role) {
    return role + "." + ProcessHandle.current().pid() + "@" + host();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
