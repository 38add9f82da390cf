// History <-> the JSON files of the replay corpus. Temporal's historyToJSON/historyFromJSON
// (@temporalio/common/lib/proto-utils) are used when they work. In this install they throw
// "type must be a Type": npm keeps two copies of protobufjs 8 (under @temporalio/common and
// under @temporalio/proto, because grpc's protobufjs 7 holds the top level), and protojson's
// `instanceof Type` check rejects the other copy's types. The fallback runs the same protojson
// code from the copy @temporalio/proto's types come from, so the files are the same either way.
import { createRequire } from 'node:module';
import { type History, historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root.js';

type ProtoJson = {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): History;
};

const twoCopies = (error: unknown) => error instanceof TypeError && error.message === 'type must be a Type';

function protoJson(): { protojson: ProtoJson; historyType: unknown } {
  const fromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
  const protojson = fromProto('protobufjs/ext/protojson') as ProtoJson;
  const root = patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown };
  return { protojson, historyType: root.lookupType('temporal.api.history.v1.History') };
}

export function historyToJson(history: History): string {
  try {
    return historyToJSON(history);
  } catch (error) {
    if (!twoCopies(error)) throw error;
    const { protojson, historyType } = protoJson();
    return JSON.stringify(
      protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)),
      null,
      2,
    );
  }
}

export function historyFromJson(text: string): History {
  const json: unknown = JSON.parse(text);
  try {
    return historyFromJSON(json);
  } catch (error) {
    if (!twoCopies(error)) throw error;
    const { protojson, historyType } = protoJson();
    return protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
  }
}
