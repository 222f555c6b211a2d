"""Running the assistant as several processes: the balancer and the cluster manager behind `make cluster`."""
