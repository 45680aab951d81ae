/**
 * What an SVG picture may not carry. SVGs are served from the site's own
 * origin, so a script or an event handler in one would run as the site (with
 * its cookies and its API), and an external reference would load something the
 * pull request's reviewers never saw. Parsed as XML (fast-xml-parser), every
 * element and attribute looked at; a file that is not well-formed XML is
 * refused too, since browsers would not show it.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface SvgProblem {
  problem: string;
  fix: string;
}

type Node = Record<string, unknown> & { ':@'?: Record<string, unknown> };

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, processEntities: false, allowBooleanAttributes: true });

/** A reference that stays inside the picture: a fragment (#id) or an embedded raster image. */
const isLocal = (value: string) => /^\s*(#|data:image\/(png|jpeg|gif|webp|avif);)/i.test(value);
const externalInCss = /url\(\s*(?!["']?\s*#)|@import/i;

export function svgProblems(source: string): SvgProblem[] {
  const problems: SvgProblem[] = [];
  const add = (problem: string, fix: string) => {
    if (!problems.some((p) => p.problem === problem)) problems.push({ problem, fix });
  };
  if (/<!ENTITY/i.test(source)) add('the SVG declares XML entities', 'export the picture again without a DOCTYPE (any drawing program\'s "SVG for web" export)');
  if (XMLValidator.validate(source) !== true) {
    add('the SVG is not well-formed XML', 'export the picture again from the drawing program, or use a PNG');
    return problems;
  }
  const walk = (nodes: Node[]) => {
    for (const node of nodes) {
      const name = Object.keys(node).find((key) => key !== ':@');
      if (!name) continue;
      const element = name.toLowerCase();
      if (element === 'script')
        add('the SVG contains a script', 'export the picture again without scripts or interactivity; the site serves it from its own address, where a script would run as the site');
      if (element === 'foreignobject') add('the SVG embeds HTML (foreignObject)', 'export the picture as plain shapes and text, or use a PNG');
      if (element === 'style') {
        const css = JSON.stringify(node[name]);
        if (externalInCss.test(css)) add("the SVG's style loads something from elsewhere (url() or @import)", 'export the picture with its fonts as outlines and its images embedded');
      }
      for (const [attribute, value] of Object.entries(node[':@'] ?? {})) {
        const key = attribute.toLowerCase();
        const text = typeof value === 'string' ? value : '';
        if (/^on/.test(key)) add(`the SVG has an event handler (${attribute} on <${name}>)`, 'export the picture again without interactivity: event handlers run scripts');
        else if ((key === 'href' || key.endsWith(':href') || key === 'src') && !isLocal(text)) {
          add(
            `the SVG refers to something outside the picture (${attribute}="${text.length > 40 ? `${text.slice(0, 37)}…` : text}" on <${name}>)`,
            "embed the picture's images in it, or remove the link; an SVG may only refer to its own parts (#id)",
          );
        } else if (key === 'style' && externalInCss.test(text))
          add("the SVG's style loads something from elsewhere (url() or @import)", 'export the picture with its fonts as outlines and its images embedded');
      }
      const children = node[name];
      if (Array.isArray(children)) walk(children as Node[]);
    }
  };
  walk(parser.parse(source) as Node[]);
  return problems;
}
