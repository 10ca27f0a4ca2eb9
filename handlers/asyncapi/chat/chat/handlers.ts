/**
 * Handlers of Chat (handlers/asyncapi/chat/chat/handlers.ts). Written once by sockgen, then yours: it is never
 * overwritten. The types come from the generated server, so a changed spec shows up here as
 * compile errors.
 */
import type { LobbyHandlers, RoomHandlers } from '../../../../generated/asyncapi/chat/server.js';

/** Handles `ping` in /lobby. (`chat.handlers.ping`) */
export const ping: LobbyHandlers['events']['ping'] = (_payload, _socket) => {
  throw new Error('not implemented: chat.handlers.ping');
};

/** Handles `join` in /room. (`chat.handlers.join`) */
export const join: RoomHandlers['events']['join'] = (_payload, _socket) => {
  throw new Error('not implemented: chat.handlers.join');
};

/** Handles `say` in /room. (`chat.handlers.say`) */
export const say: RoomHandlers['events']['say'] = (_payload, _socket) => {
  throw new Error('not implemented: chat.handlers.say');
};

/** The connect handler of /room. (`chat.handlers.room_connect`) */
export const roomConnect: NonNullable<RoomHandlers['connect']> = (_socket, _security) => {
  // TODO: implement.
};

/** The disconnect handler of /room. (`chat.handlers.room_disconnect`) */
export const roomDisconnect: NonNullable<RoomHandlers['disconnect']> = (_socket, _reason) => {
  // TODO: implement.
};

/** The error handler of /room. (`chat.handlers.room_error`) */
export const roomError: NonNullable<RoomHandlers['error']> = (_error, _socket) => {
  // TODO: implement.
};
