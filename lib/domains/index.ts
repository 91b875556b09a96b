export { RegistrationWatcher, REGISTRATION_WATCHER_ID } from './registration-watcher';
