export { domainAlarmSpecs, DOMAIN_ALARM_EVALUATION, RegistrationWatcher, REGISTRATION_WATCHER_ID, WATCH_SCHEDULE } from './registration-watcher';
