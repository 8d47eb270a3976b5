import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit } from 'graphql';

/**
 * Trusted documents: the operations a production front-end or a report job may run when the server is in
 * TRUSTED_DOCUMENTS mode, identified by the sha256 of their text (the hash Apollo's automatic persisted queries use).
 * The manifest (`docs/trusted-documents.json`, written by `npm run documents`) maps each hash to its document:
 *
 *   { "4c3b...": "# One agreement with ...\nquery JapanAccord {\n  ...\n}\n", ... }
 *
 * Its documents are the files of docs/examples (and docs/examples/subscriptions), and the report kinds'
 * operations (src/reports/operations), each file one document sent as it is.
 */

/** Where the documents come from, relative to the project root, in manifest order. */
export const DOCUMENT_SOURCES = ['docs/examples', 'docs/examples/subscriptions', 'src/reports/operations'];

/** The default manifest file, relative to the project root. */
export const DEFAULT_MANIFEST = 'docs/trusted-documents.json';

/** The hash a document is known by: sha256 of its exact text, in hex (as APQ's `sha256Hash`). */
export function documentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Documents longer than this (in tokens) are never taken for a variant of a manifest document. */
const MAX_VARIANT_TOKENS = 20_000;

/**
 * A document's canonical form: parsed and printed (no comments, standard layout) without the `__typename` fields a
 * client library adds to every selection (Apollo Client does, to normalise its cache). Null when it does not parse.
 *
 * @example canonicalDocument('# hi\nquery A { agreement(slug: "x") { __typename slug } }') // => 'query A {\n  agreement(slug: "x") {\n    slug\n  }\n}'
 */
export function canonicalDocument(text: string): string | null {
  try {
    const document = parse(text, { noLocation: true, maxTokens: MAX_VARIANT_TOKENS });
    return print(
      visit(document, {
        Field(node) {
          return node.name.value === '__typename' && !node.alias && !node.arguments?.length && !node.directives?.length ? null : undefined;
        },
      }),
    );
  } catch {
    return null;
  }
}

/** One document file, with its hash and the names of its operations. */
export interface SourceDocument {
  file: string;
  hash: string;
  text: string;
  operations: string[];
}

/**
 * The documents of the source folders, each checked: it parses, and every operation in it has a name (the name
 * identifies the operation in logs and in a request's `operationName`).
 */
export function readSourceDocuments(root: string): SourceDocument[] {
  const documents: SourceDocument[] = [];
  for (const folder of DOCUMENT_SOURCES) {
    const directory = path.join(root, folder);
    if (!fs.existsSync(directory)) continue;
    for (const name of fs
      .readdirSync(directory)
      .filter((file) => file.endsWith('.graphql'))
      .sort()) {
      const file = `${folder}/${name}`;
      const text = fs.readFileSync(path.join(directory, name), 'utf8');
      const operations = parse(text).definitions.flatMap((definition) => {
        if (definition.kind !== Kind.OPERATION_DEFINITION) return [];
        if (!definition.name) throw new Error(`${file}: every operation of a trusted document needs a name`);
        return [definition.name.value];
      });
      documents.push({ file, hash: documentHash(text), text, operations });
    }
  }
  return documents;
}

/** The manifest's content: hash -> document, in source order. */
export function buildManifest(root: string): Record<string, string> {
  return Object.fromEntries(readSourceDocuments(root).map((document) => [document.hash, document.text]));
}

/** The manifest as written to its file: pretty JSON and a final newline. */
export function renderManifest(manifest: Record<string, string>): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * The documents a server trusts, by hash. A document is trusted when it is one of them exactly, or the same once
 * comments, layout and added `__typename` fields are set aside (what a client library sends for a manifest document).
 */
export class DocumentManifest {
  private readonly canonical: Set<string>;
  /** The length of the longest document: a text much longer cannot be a variant of one. */
  private readonly longest: number;

  private constructor(private readonly documents: Map<string, string>) {
    this.canonical = new Set([...documents.values()].map(canonicalDocument).filter((form): form is string => form !== null));
    this.longest = Math.max(0, ...[...documents.values()].map((text) => text.length));
  }

  /** An empty manifest: nothing is trusted. */
  static empty(): DocumentManifest {
    return new DocumentManifest(new Map());
  }

  static fromObject(manifest: Record<string, string>): DocumentManifest {
    for (const [hash, text] of Object.entries(manifest)) {
      if (typeof text !== 'string' || documentHash(text) !== hash) throw new Error(`the manifest entry ${hash} is not the sha256 of its document`);
    }
    return new DocumentManifest(new Map(Object.entries(manifest)));
  }

  /** Reads and checks a manifest file; `required` false gives an empty manifest when the file is absent. */
  static load(file: string, required: boolean): DocumentManifest {
    if (!fs.existsSync(file)) {
      if (required) throw new Error(`TRUSTED_DOCUMENTS is on but the manifest ${file} does not exist: run npm run documents`);
      return DocumentManifest.empty();
    }
    return DocumentManifest.fromObject(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>);
  }

  get size(): number {
    return this.documents.size;
  }

  /** The document with this hash. */
  get(hash: string): string | undefined {
    return this.documents.get(hash);
  }

  /** Whether `text` is one of the documents, or a variant of one (see the class). */
  includesText(text: string): boolean {
    if (this.documents.get(documentHash(text)) === text) return true;
    if (this.documents.size === 0 || text.length > 2 * this.longest + 10_000) return false;
    const form = canonicalDocument(text);
    return form !== null && this.canonical.has(form);
  }
}
