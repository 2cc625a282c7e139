import { worstTone } from '../logic/status';
import { COLUMN_WIDTH, COLUMNS, MARGIN, type TopologyPicture as Picture } from '../logic/topology';

const NODE_WIDTH = 190;
const NODE_HEIGHT = 30;
const KIND_LABELS = { agent: 'agent', loadbalancer: 'load balancer', pool: 'pool', member: 'member' };
const COLUMN_TITLES = { agent: 'Agents', loadbalancer: 'Load balancers', pool: 'Pools', member: 'Members' };

/** The laid-out topology as SVG: boxes coloured by status, lines from each parent to its children. */
export function TopologyPicture({ picture }: { picture: Picture }) {
  const byId = new Map(picture.nodes.map((node) => [node.id, node]));
  return (
    <div class="topology">
      <svg
        width={picture.width}
        height={picture.height}
        viewBox={`0 0 ${picture.width} ${picture.height}`}
        role="img"
        aria-label="Agents, load balancers, pools and members"
        data-testid="topology"
      >
        {COLUMNS.map((kind, index) => (
          <text key={kind} class="column-title" x={MARGIN + index * COLUMN_WIDTH} y={MARGIN + 8}>
            {COLUMN_TITLES[kind]}
          </text>
        ))}
        {picture.edges.map((edge) => {
          const from = byId.get(edge.from)!;
          const to = byId.get(edge.to)!;
          const x1 = from.x + NODE_WIDTH;
          const y1 = from.y + NODE_HEIGHT / 2;
          const x2 = to.x;
          const y2 = to.y + NODE_HEIGHT / 2;
          const middle = (x1 + x2) / 2;
          return (
            <path
              key={`${edge.from}>${edge.to}`}
              d={`M${x1},${y1} C${middle},${y1} ${middle},${y2} ${x2},${y2}`}
              class="edge"
            />
          );
        })}
        {picture.nodes.map((node) => (
          <g
            key={node.id}
            transform={`translate(${node.x},${node.y})`}
            class={`node tone-${worstTone(...node.statuses)}`}
            data-node={node.id}
            data-statuses={node.statuses.join(' ')}
          >
            <title>
              {KIND_LABELS[node.kind]} {node.label}: {node.statuses.join(', ')}
            </title>
            <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={6} />
            <text x={10} y={NODE_HEIGHT / 2 + 5}>
              {node.label.length > 24 ? `${node.label.slice(0, 23)}…` : node.label}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
