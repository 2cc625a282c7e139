"""What a user of openstacksdk writes against lbaas-server without Keystone (auth_type none).

Run with Debian's python3 (openstacksdk 0.101):
  openstacksdk_client.py ENDPOINT create SUBNET_ID MEMBER_ADDRESS   -> prints the load balancer as JSON
  openstacksdk_client.py ENDPOINT delete LB_ID                      -> cascade delete, waits for the 404
"""
import json
import sys
import time

import openstack
from openstack import exceptions

WAIT_S = 120


def connect(endpoint):
    return openstack.connection.Connection(
        auth_type="none",
        auth={"endpoint": endpoint},
        load_balancer_endpoint_override=endpoint,
    )


def create(conn, subnet_id, member_address):
    lb_api = conn.load_balancer
    subnet = conn.network.find_subnet(subnet_id, ignore_missing=False)
    lb = lb_api.create_load_balancer(name="sdk", vip_subnet_id=subnet.id, tags=["sdk"])
    lb_api.wait_for_load_balancer(lb.id, wait=WAIT_S)
    listener = lb_api.create_listener(
        name="sdk-http", protocol="HTTP", protocol_port=80, load_balancer_id=lb.id
    )
    lb_api.wait_for_load_balancer(lb.id, wait=WAIT_S)
    pool = lb_api.create_pool(
        name="sdk-pool", protocol="HTTP", lb_algorithm="LEAST_CONNECTIONS", listener_id=listener.id
    )
    lb_api.wait_for_load_balancer(lb.id, wait=WAIT_S)
    lb_api.create_member(pool, address=member_address, protocol_port=80, weight=3)
    lb = lb_api.wait_for_load_balancer(lb.id, wait=WAIT_S)
    # Paging as the SDK does it: limit, then marker=<last id> until a page is short.
    paged = [found.id for found in lb_api.load_balancers(limit=1)]
    return {
        "id": lb.id,
        "vip_address": lb.vip_address,
        "provisioning_status": lb.provisioning_status,
        "listener_protocol": lb_api.get_listener(listener.id).protocol,
        "pool_algorithm": lb_api.find_pool("sdk-pool").lb_algorithm,
        "members": [(m.address, m.weight) for m in lb_api.members(pool)],
        "found_by_name": lb_api.find_load_balancer("sdk").id,
        "paged_ids": paged,
    }


def delete(conn, lb_id):
    lb_api = conn.load_balancer
    lb_api.delete_load_balancer(lb_id, cascade=True)
    # openstacksdk 0.101's wait_for_delete reads a `status` a load balancer does not have: wait for the 404.
    for _ in range(WAIT_S):
        try:
            lb_api.get_load_balancer(lb_id)
        except exceptions.ResourceNotFound:
            return {"deleted": lb_id}
        time.sleep(1)
    raise TimeoutError(f"load balancer {lb_id} still there after {WAIT_S} s")


def main(argv):
    endpoint, command, *args = argv
    conn = connect(endpoint)
    result = create(conn, *args) if command == "create" else delete(conn, *args)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
