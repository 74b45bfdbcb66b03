import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CASE_POLICY, type AuthorizedAction } from './case-policy';
import type { CaseVerb } from './case-state-machine';
import { CaseDto } from './dto/case.dto';

/**
 * `POST /api/cases/:id/<verb>`: a staff action on a case, open to the roles the policy names for its
 * actions, answering the case as it is now (with what the caller may do next: `allowedActions`).
 * `under`: the part of the path between the controller's and the verb (`:id/` for `api/cases`).
 */
export function CaseActionRoute(verb: CaseVerb, actions: AuthorizedAction[], under = '') {
  const roles = [...new Set(actions.flatMap((action) => CASE_POLICY[action].roles))];
  return applyDecorators(
    Post(`${under}${verb}`),
    HttpCode(200),
    Roles(...roles),
    ApiOkResponse({ type: CaseDto, description: 'The case as it is now' }),
    ApiForbiddenResponse({ description: 'Your role or department may not do this' }),
    ApiNotFoundResponse({ description: 'No such case, or not yours to see' }),
    ApiConflictResponse({ description: 'A stale version, or the case’s status (or a rule such as the return window) does not allow this now' }),
  );
}
