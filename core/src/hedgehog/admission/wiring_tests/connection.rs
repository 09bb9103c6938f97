//! Hedgehog's Connection table (`connection_types_test.go`: `TestConnectionValidation`).

use super::{
    ALT40, ALT41, Error, IP0, IP1, Valid, base, case, fabric_1, fabric_conn, gw_conn, mesh_1,
    mesh_conn, run_cases, static_ext, with,
};
#[test]
fn connection_table_ported_from_hedgehog() {
    let fip = "spec.fabric.links[0].spine.ip";
    let fport = "spec.fabric.links[0].spine.port";
    let cases = vec![
        case(
            "static-ext-default-route",
            with(
                base(),
                &[static_ext("static-ext-default-route", &["0.0.0.0/0"])],
            ),
            vec![Valid],
        ),
        case(
            "static-ext-default-route-and-not",
            with(base(), &[static_ext("s", &["0.0.0.0/0", "0.0.0.0/0"])]),
            vec![Error(
                "Connection",
                "s",
                "spec.staticExternal.link.switch.subnets[0]",
                "only subnet",
            )],
        ),
        case(
            "static-ext-default-route-and-not-2",
            with(base(), &[static_ext("s", &["0.0.0.0/0", "1.2.3.0/24"])]),
            vec![Error(
                "Connection",
                "s",
                "spec.staticExternal.link.switch.subnets[0]",
                "only subnet",
            )],
        ),
        case(
            "static-ext--not-default-route",
            with(base(), &[static_ext("s", &["1.2.3.0/24"])]),
            vec![Valid],
        ),
        case(
            "collision-fabric-with-fabric-IP",
            with(
                base(),
                &[
                    fabric_1(),
                    fabric_conn("fabric-2", "spine-01/E1/3", IP0, "leaf-01/E1/2", IP1),
                ],
            ),
            vec![
                Error(
                    "Connection",
                    "fabric-1",
                    fip,
                    "also used by Connection fabric-2",
                ),
                Error(
                    "Connection",
                    "fabric-2",
                    fip,
                    "also used by Connection fabric-1",
                ),
            ],
        ),
        case(
            "collision-fabric-with-fabric-port",
            with(
                base(),
                &[
                    fabric_1(),
                    fabric_conn("fabric-2", "spine-01/E1/1", ALT40, "leaf-01/E1/1", ALT41),
                ],
            ),
            vec![
                Error(
                    "Connection",
                    "fabric-1",
                    fport,
                    "switch port spine-01/E1/1 is also used by Connection fabric-2",
                ),
                Error(
                    "Connection",
                    "fabric-2",
                    fport,
                    "also used by Connection fabric-1",
                ),
            ],
        ),
        case(
            "no-collision-fabric-with-fabric",
            with(
                base(),
                &[
                    fabric_1(),
                    fabric_conn("fabric-2", "spine-01/E1/3", ALT40, "leaf-01/E1/2", ALT41),
                ],
            ),
            vec![Valid],
        ),
        case(
            "collision-fabric-with-mesh-IP",
            with(
                base(),
                &[
                    fabric_1(),
                    mesh_conn("mesh-2", "leaf-01/E1/2", IP0, "leaf-02/E1/3", IP1),
                ],
            ),
            vec![Error(
                "Connection",
                "fabric-1",
                fip,
                "also used by Connection mesh-2",
            )],
        ),
        case(
            "collision-fabric-with-mesh-port",
            with(
                base(),
                &[
                    fabric_1(),
                    mesh_conn("mesh-2", "leaf-01/E1/1", ALT41, "leaf-02/E1/1", ALT40),
                ],
            ),
            vec![Error(
                "Connection",
                "fabric-1",
                "spec.fabric.links[0].leaf.port",
                "also used by Connection mesh-2",
            )],
        ),
        case(
            "no-collision-fabric-with-mesh",
            with(
                base(),
                &[
                    fabric_1(),
                    mesh_conn("mesh-2", "leaf-01/E1/2", ALT41, "leaf-02/E1/3", ALT40),
                ],
            ),
            vec![Valid],
        ),
        case(
            "collision-fabric-with-gateway-IP",
            with(
                base(),
                &[
                    fabric_1(),
                    gw_conn("gw-2", "spine-01/E1/3", IP0, "gateway-1/enp2s2", IP1),
                ],
            ),
            vec![Error(
                "Connection",
                "fabric-1",
                fip,
                "also used by Connection gw-2",
            )],
        ),
        case(
            "collision-fabric-with-gateway-port",
            with(
                base(),
                &[
                    fabric_1(),
                    gw_conn("gw-2", "spine-01/E1/1", ALT40, "gateway-1/enp2s1", ALT41),
                ],
            ),
            vec![Error(
                "Connection",
                "gw-2",
                "spec.gateway.links[0].switch.port",
                "also used by Connection fabric-1",
            )],
        ),
        case(
            "no-collision-fabric-with-gateway",
            with(
                base(),
                &[
                    fabric_1(),
                    gw_conn("gw-2", "spine-01/E1/3", ALT40, "gateway-1/enp2s2", ALT41),
                ],
            ),
            vec![Valid],
        ),
        case(
            "collision-mesh-with-fabric-IP",
            with(
                base(),
                &[
                    mesh_1(),
                    fabric_conn("fabric-2", "spine-01/E1/3", IP0, "leaf-01/E1/2", IP1),
                ],
            ),
            vec![Error(
                "Connection",
                "mesh-1",
                "spec.mesh.links[0].leaf1.ip",
                "also used by Connection fabric-2",
            )],
        ),
        case(
            "collision-mesh-with-fabric-port",
            with(
                base(),
                &[
                    mesh_1(),
                    fabric_conn("fabric-2", "spine-01/E1/1", ALT40, "leaf-01/E1/1", ALT41),
                ],
            ),
            vec![Error(
                "Connection",
                "mesh-1",
                "spec.mesh.links[0].leaf1.port",
                "also used by Connection fabric-2",
            )],
        ),
        case(
            "no-collision-mesh-with-fabric",
            with(
                base(),
                &[
                    mesh_1(),
                    fabric_conn("fabric-2", "spine-01/E1/3", ALT40, "leaf-01/E1/2", ALT41),
                ],
            ),
            vec![Valid],
        ),
        case(
            "collision-mesh-with-mesh-IP",
            with(
                base(),
                &[
                    mesh_1(),
                    mesh_conn("mesh-2", "leaf-01/E1/2", IP0, "leaf-02/E1/3", IP1),
                ],
            ),
            vec![Error(
                "Connection",
                "mesh-2",
                "spec.mesh.links[0].leaf1.ip",
                "also used by Connection mesh-1",
            )],
        ),
        case(
            "collision-mesh-with-mesh-port",
            with(
                base(),
                &[
                    mesh_1(),
                    mesh_conn("mesh-2", "leaf-01/E1/1", ALT41, "leaf-02/E1/1", ALT40),
                ],
            ),
            vec![Error(
                "Connection",
                "mesh-2",
                "spec.mesh.links[0].leaf2.port",
                "also used by Connection mesh-1",
            )],
        ),
        case(
            "no-collision-mesh-with-mesh",
            with(
                base(),
                &[
                    mesh_1(),
                    mesh_conn("mesh-2", "leaf-01/E1/2", ALT41, "leaf-02/E1/3", ALT40),
                ],
            ),
            vec![Valid],
        ),
    ];
    assert_eq!(run_cases(cases), 19);
}
