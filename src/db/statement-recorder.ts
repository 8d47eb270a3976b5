import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';

/**
 * A TypeORM logger that counts the SQL statements it sees, so tests can assert that the number of statements per
 * GraphQL operation does not grow with the number of rows (the N+1 guard).
 */
export class StatementRecorder extends AbstractLogger {
  readonly statements: string[] = [];
  private recording = false;

  start(): void {
    this.statements.length = 0;
    this.recording = true;
  }

  stop(): string[] {
    this.recording = false;
    return [...this.statements];
  }

  override logQuery(query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    if (this.recording) this.statements.push(query);
  }

  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[], _queryRunner?: QueryRunner): void {
    // Only counting: nothing is written.
  }
}
