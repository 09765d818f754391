import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);

/** Colour and shape per kind: colour for the eye, shape so that colour is never the only cue. */
export const KIND_LOOKS: Record<string, { colour: string; shape: string }> = {
  PERSON: { colour: '#2f6db5', shape: 'ellipse' },
  GROUP: { colour: '#6f9fd8', shape: 'ellipse' },
  COMPANY: { colour: '#d9822b', shape: 'round-rectangle' },
  ORGANIZATION: { colour: '#8a5cc2', shape: 'round-rectangle' },
  GOVERNMENT_BODY: { colour: '#8c5a3c', shape: 'rectangle' },
  MILITARY_UNIT: { colour: '#5b6770', shape: 'octagon' },
  COUNTRY: { colour: '#2e8b57', shape: 'hexagon' },
  REGION: { colour: '#59a86b', shape: 'hexagon' },
  CITY: { colour: '#7cbf6e', shape: 'triangle' },
  PLACE: { colour: '#9acd8f', shape: 'triangle' },
  EVENT: { colour: '#c2457a', shape: 'star' },
  PRODUCT: { colour: '#1e9aa8', shape: 'vee' },
  CLAIM: { colour: '#b9b9b9', shape: 'diamond' },
  COMMENT: { colour: '#a08f6a', shape: 'tag' },
};

const STANCE_COLOURS: Record<string, string> = {
  SUPPORTS: '#2e8b57',
  QUALIFIES: '#2f6db5',
  DISPUTES: '#d9822b',
  DENIES: '#c0392b',
};

const style: StylesheetJson = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(colour)',
      shape: 'data(shape)' as 'ellipse',
      width: 'data(size)',
      height: 'data(size)',
      label: 'data(label)',
      'font-size': 11,
      'font-family': 'system-ui, sans-serif',
      color: '#1d232b',
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-wrap': 'ellipsis',
      'text-max-width': '140px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.75,
      'text-background-padding': '1px',
      'min-zoomed-font-size': 7,
    },
  },
  { selector: 'node.claim', style: { label: '', 'border-width': 1, 'border-color': '#777' } },
  {
    selector: 'node.contested',
    style: { 'border-width': 4, 'border-color': STANCE_COLOURS.DENIES ?? 'red' },
  },
  {
    selector: 'edge',
    style: {
      width: 1,
      'line-color': '#b4bcc6',
      'target-arrow-color': '#b4bcc6',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.7,
      'curve-style': 'bezier',
      opacity: 0.8,
    },
  },
  { selector: 'edge.about', style: { 'line-style': 'dotted', 'target-arrow-shape': 'none' } },
  { selector: 'edge.relation, edge.role', style: { 'line-color': '#6b7785', width: 1.5 } },
  ...Object.entries(STANCE_COLOURS).map(([type, colour]) => ({
    selector: `edge.stance-${type.toLowerCase()}`,
    style: {
      'line-color': colour,
      'target-arrow-color': colour,
      width: type === 'DENIES' || type === 'DISPUTES' ? 3 : 2,
      'line-style': type === 'QUALIFIES' ? ('dashed' as const) : ('solid' as const),
      opacity: 1,
    },
  })),
  { selector: '.faded', style: { opacity: 0.12 } },
  {
    selector: 'node.path, node:selected',
    style: { label: 'data(label)', 'border-width': 3, 'border-color': '#111', 'z-index': 10 },
  },
  {
    selector: 'edge.path',
    style: { width: 4, 'line-color': '#111', 'target-arrow-color': '#111', opacity: 1 },
  },
  { selector: 'node.focused', style: { 'overlay-color': '#f5c518', 'overlay-opacity': 0.35 } },
];

export const DRAWN_MARK = 'explorer:graph-drawn';

/** The graph view: draws elements, reports taps, and keeps the layout until the data changes. */
export class GraphView {
  readonly #cy: Core;
  #drawnKey = '';
  #focused = -1;

  constructor(
    readonly container: HTMLElement,
    onSelect: (id: string) => void,
    onExpand: (id: string) => void,
  ) {
    this.#cy = cytoscape({
      container,
      style,
      layout: { name: 'preset' },
      minZoom: 0.1,
      maxZoom: 4,
      boxSelectionEnabled: false,
      // Many nodes: draw plain edges and hide labels while the view moves.
      hideEdgesOnViewport: true,
      textureOnViewport: true,
    });
    this.#cy.on('tap', 'node', (event) => onSelect(event.target.id()));
    this.#cy.on('dbltap', 'node', (event) => onExpand(event.target.id()));
    container.addEventListener('keydown', (event) => {
      const order = this.#cy
        .nodes()
        .sort((a, b) => Number(b.data('size')) - Number(a.data('size')));
      if (order.length === 0) return;
      if (event.key === 'ArrowRight' || event.key === 'ArrowDown') {
        this.#focused = (this.#focused + 1) % order.length;
      } else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
        this.#focused = (this.#focused - 1 + order.length) % order.length;
      } else if (event.key === 'Enter' && this.#focused >= 0) {
        onSelect(order[this.#focused]?.id() ?? '');
        return;
      } else if (event.key === '+' && this.#focused >= 0) {
        onExpand(order[this.#focused]?.id() ?? '');
        return;
      } else {
        return;
      }
      event.preventDefault();
      this.#cy.nodes().removeClass('focused');
      const node = order[this.#focused];
      if (!node) return;
      node.addClass('focused');
      container.setAttribute(
        'aria-label',
        `Graph: ${node.data('label')} (Enter selects, + expands)`,
      );
      this.#cy.animate({ center: { eles: node } }, { duration: 150 });
    });
  }

  /** Lays the elements out anew when they changed (key), else keeps the reader's view. */
  draw(elements: ElementDefinition[], key: string): Promise<void> {
    if (key === this.#drawnKey) return Promise.resolve();
    this.#drawnKey = key;
    this.#focused = -1;
    this.#cy.batch(() => {
      this.#cy.elements().remove();
      this.#cy.add(elements);
    });
    this.container.dataset.nodeCount = String(this.#cy.nodes().length);
    return new Promise((resolve) => {
      const layout = this.#cy.layout({
        name: 'fcose',
        animate: false,
        randomize: true,
        quality: this.#cy.nodes().length > 1500 ? 'draft' : 'default',
        nodeRepulsion: () => 9000,
        idealEdgeLength: () => 70,
        packComponents: true,
      } as cytoscape.LayoutOptions);
      layout.one('layoutstop', () => {
        this.#cy.fit(undefined, 30);
        this.#cy.one('render', () => {
          if (performance.getEntriesByName(DRAWN_MARK).length === 0) performance.mark(DRAWN_MARK);
          this.container.dataset.drawn = 'true';
          resolve();
        });
        // A render is not always pending after fit (nothing moved): ask for one.
        this.#cy.forceRender();
      });
      layout.run();
    });
  }

  /** Selects a node, and outlines a path (or nothing) while fading the rest. */
  show(selected: string | null, path: { nodes: string[]; edges: string[] } | null): void {
    const cy = this.#cy;
    cy.batch(() => {
      cy.elements().unselect().removeClass('faded path');
      if (path && path.nodes.length > 0) {
        const onPath = cy.collection();
        for (const id of [...path.nodes, ...path.edges]) onPath.merge(cy.getElementById(id));
        onPath.addClass('path');
        cy.elements().difference(onPath).addClass('faded');
      }
      if (selected) {
        const node = cy.getElementById(selected);
        if (node.nonempty()) {
          node.select();
          if (!path) {
            cy.elements().difference(node.closedNeighborhood()).addClass('faded');
          }
        }
      }
    });
    const target = selected ? cy.getElementById(selected) : null;
    if (path && path.nodes.length > 0) {
      cy.animate({ fit: { eles: cy.elements('.path'), padding: 60 } }, { duration: 250 });
    } else if (target?.nonempty()) {
      cy.animate({ center: { eles: target } }, { duration: 250 });
    }
  }

  resize(): void {
    this.#cy.resize();
  }
}
