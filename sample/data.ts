/** The sample upstream's fixed starting data: the same on every start, so docs and tests can name it. */
export interface OrderLine {
  sku: string;
  quantity: number;
  priceCents: number;
}
export interface Order {
  id: string;
  status: 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled';
  customerId: string;
  lines: OrderLine[];
  totalCents: number;
  createdAt: string;
  note?: string;
}
export interface Product {
  sku: string;
  name: string;
  category: 'books' | 'games' | 'tools';
  priceCents: number;
  description: string;
}

export const PRODUCTS: readonly Product[] = [
  { sku: 'BK-1001', name: 'The Pragmatic Gateway', category: 'books', priceCents: 3900, description: 'Field notes on running API gateways.' },
  { sku: 'BK-1002', name: 'Contracts in Git', category: 'books', priceCents: 2900, description: 'GitOps for API definitions.' },
  { sku: 'GM-2001', name: 'Rate Limit Rumble', category: 'games', priceCents: 4500, description: 'A card game about token buckets.' },
  { sku: 'TL-3001', name: 'Torque Wrench', category: 'tools', priceCents: 8900, description: 'Calibrated, 5-60 Nm.' },
  { sku: 'TL-3002', name: 'Cable Tester', category: 'tools', priceCents: 2500, description: 'Checks RJ45 and coax.' },
];

export const STOCK: Readonly<Record<string, Record<'eu-west' | 'us-east', number>>> = {
  'BK-1001': { 'eu-west': 12, 'us-east': 30 },
  'BK-1002': { 'eu-west': 0, 'us-east': 4 },
  'GM-2001': { 'eu-west': 7, 'us-east': 0 },
  'TL-3001': { 'eu-west': 3, 'us-east': 9 },
  'TL-3002': { 'eu-west': 21, 'us-east': 18 },
};

function line(sku: string, quantity: number): OrderLine {
  const p = PRODUCTS.find((x) => x.sku === sku);
  return { sku, quantity, priceCents: p ? p.priceCents : 0 };
}

function order(id: string, status: Order['status'], customerId: string, lines: OrderLine[], createdAt: string): Order {
  return { id, status, customerId, lines, totalCents: lines.reduce((s, l) => s + l.quantity * l.priceCents, 0), createdAt };
}

export function initialOrders(): Order[] {
  return [
    order('ord_1001', 'paid', 'cus_ada', [line('BK-1001', 1), line('TL-3002', 2)], '2026-11-02T09:15:00Z'),
    order('ord_1002', 'shipped', 'cus_grace', [line('GM-2001', 1)], '2026-11-03T14:40:00Z'),
    order('ord_1003', 'pending', 'cus_ada', [line('TL-3001', 1)], '2026-11-05T08:05:00Z'),
    order('ord_1004', 'delivered', 'cus_linus', [line('BK-1002', 3)], '2026-11-07T17:30:00Z'),
    order('ord_1005', 'cancelled', 'cus_grace', [line('BK-1001', 2)], '2026-11-09T11:00:00Z'),
  ];
}
