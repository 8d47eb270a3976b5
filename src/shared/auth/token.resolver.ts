import { Arg, Ctx, Field, Mutation, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { RequestContext } from '../context/request-context';
import { Role } from './principal';
import { requireRole } from './require-role';
import { ApiTokenInfo, createApiToken, listApiTokens, revokeApiToken } from './token-store';

/** The roles in GraphQL: the values are the stored lower-case names. */
export enum TokenRole {
  READER = 'reader',
  ANALYST = 'analyst',
  ADMIN = 'admin',
}

registerEnumType(TokenRole, {
  name: 'Role',
  description: 'What a token may do; each role may do what the ones before it may.',
  valuesConfig: {
    READER: { description: 'Read (needed only when the server requires a token for reads).' },
    ANALYST: { description: 'Read and change the corpus.' },
    ADMIN: { description: 'Everything, including tokens and imports.' },
  },
});

@ObjectType('ApiToken', { description: 'An API token as the server knows it: never the token itself, which is shown only once.' })
export class ApiTokenNode implements ApiTokenInfo {
  @Field() name!: string;
  @Field(() => TokenRole) role!: Role;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'After this moment the token is refused; null: it does not expire.' })
  expiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'The last request made with it, to the minute.' })
  lastUsedAt!: Date | null;
  @Field({ description: 'Neither revoked nor expired.' }) active!: boolean;
}

@ObjectType({ description: 'A new token and its record. `token` is shown here only: keep it, it cannot be read again.' })
export class CreatedToken {
  @Field() token!: string;
  @Field(() => ApiTokenNode) apiToken!: ApiTokenNode;
}

/** Token management for admins: the same operations as `npm run token`. */
@Resolver()
export class TokenResolver {
  @Query(() => [ApiTokenNode], { description: 'Every API token, revoked and expired ones included, oldest first. Admin only.' })
  apiTokens(@Ctx() ctx: RequestContext): Promise<ApiTokenInfo[]> {
    requireRole(ctx, 'admin');
    return listApiTokens(ctx.sql);
  }

  @Mutation(() => CreatedToken, { description: 'Creates an API token; the token string is in the answer and nowhere else. Admin only.' })
  createToken(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: '1 to 64 letters, digits, ".", "_" or "-"; names are never reused.' }) name: string,
    @Arg('role', () => TokenRole) role: Role,
    @Arg('expiresAt', () => Date, { nullable: true, description: 'When it stops working; none: never.' }) expiresAt?: Date | null,
  ): Promise<{ token: string; apiToken: ApiTokenInfo }> {
    requireRole(ctx, 'admin');
    return createApiToken(ctx.sql, { name, role, expiresAt });
  }

  @Mutation(() => ApiTokenNode, { description: 'Revokes an API token for good (revoking it again changes nothing). Admin only.' })
  revokeToken(@Ctx() ctx: RequestContext, @Arg('name') name: string): Promise<ApiTokenInfo> {
    requireRole(ctx, 'admin');
    return revokeApiToken(ctx.sql, name);
  }
}
