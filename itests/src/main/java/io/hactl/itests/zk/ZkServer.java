package io.hactl.itests.zk;

/**
 * Where one ZooKeeper server of the ensemble listens.
 *
 * @param id the server id (myid), 1-based
 * @param address the IP address clients and peers use
 * @param clientPort client port
 * @param quorumPort follower-to-leader port
 * @param electionPort leader-election port
 */
public record ZkServer(int id, String address, int clientPort, int quorumPort, int electionPort) {}
