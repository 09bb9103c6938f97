/** The Hedgehog kinds the resource filter and the new-resource form offer (core `kinds`). */
export const KINDS = [
  'VPC',
  'VPCAttachment',
  'VPCPeering',
  'IPv4Namespace',
  'External',
  'ExternalAttachment',
  'ExternalPeering',
  'Connection',
  'Server',
  'Switch',
  'SwitchGroup',
  'VLANNamespace',
  'Gateway',
  'GatewayGroup',
  'GatewayPeering',
];
