/**
 * Handlers of User Account Service (handlers/asyncapi/user-account-service/my-api/handlers.ts). Written once by sockgen, then yours: it is never
 * overwritten. The types come from the generated server, so a changed spec shows up here as
 * compile errors.
 */
import type {
  AdminHandlers,
  UserHandlers,
} from '../../../../generated/asyncapi/user-account-service/server.js';

/** Handles `log in` in /user. (`my_api.handlers.user_log_in`) */
export const userLogIn: UserHandlers['events']['log in'] = (_payload, _socket) => {
  // TODO: implement.
};

/** Handles `sign up` in /user. (`my_api.handlers.user_sign_up`) */
export const userSignUp: UserHandlers['events']['sign up'] = (_payload, _socket) => {
  // TODO: implement.
};

/** The connect handler of /admin. (`my_api.handlers.authenticated_connect`) */
export const authenticatedConnect: NonNullable<AdminHandlers['connect']> = (_socket, _security) => {
  // TODO: implement.
};

/** The error handler of /admin. (`my_api.handlers.admin_error`) */
export const adminError: NonNullable<AdminHandlers['error']> = (_error, _socket) => {
  // TODO: implement.
};

/** The error handler of /user. (`my_api.handlers.user_error`) */
export const userError: NonNullable<UserHandlers['error']> = (_error, _socket) => {
  // TODO: implement.
};
