/**
 * The ingest pipeline every log index runs (`index.default_pipeline` of its template): it stamps
 * `event.ingested`, the time the node indexed the document. Detection monitors select documents
 * on it (detections/monitor-window.ts), so a record is evaluated once, when it arrives, however
 * late its event time is.
 *
 * Stamped by the node rather than by a writer: the ingestion function, `siem reingest`, the CLI
 * and the demo all get it; a bulk retried minutes later is stamped when it is finally indexed, not
 * when it was first sent; and `override` means no writer or record content can choose the value.
 * A maintenance rewrite (`_update_by_query`, `_reindex`) that must not count as a new arrival
 * passes `pipeline=_none`, which skips a default pipeline and keeps the stored stamp.
 */

/** Field holding the ingestion time; a `date` in every log index template. */
export const INGESTED_FIELD = 'event.ingested';

export const INGEST_PIPELINE_NAME = 'siem-event-ingested';

export interface IngestPipeline {
  readonly name: string;
  /** `PUT _ingest/pipeline/<name>` body. */
  readonly body: {
    readonly description: string;
    readonly processors: ReadonlyArray<Record<string, unknown>>;
  };
}

export function ingestPipeline(): IngestPipeline {
  return {
    name: INGEST_PIPELINE_NAME,
    body: {
      description: `Stamps ${INGESTED_FIELD} with the time the node indexes the document (detection windows select on it)`,
      processors: [
        {
          set: {
            field: INGESTED_FIELD,
            // The node's clock when the pipeline runs, ISO-8601 UTC.
            value: '{{_ingest.timestamp}}',
            override: true,
          },
        },
      ],
    },
  };
}

/** Path of the pipeline in the REST API. */
export function ingestPipelinePath(name: string = INGEST_PIPELINE_NAME): string {
  return `/_ingest/pipeline/${encodeURIComponent(name)}`;
}
