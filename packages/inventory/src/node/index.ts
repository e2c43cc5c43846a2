export { NodeSqliteStorage } from './sqlite-storage';
