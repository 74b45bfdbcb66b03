import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { RateLimit } from '../common/rate-limit';
import { ALL_STAFF, CurrentUser, Public, Roles } from './auth.decorators';
import type { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { LoginDto, LoginResponseDto, UserDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @RateLimit('login')
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password, or a deactivated account: one answer for all three' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this client, or too many failures for this account from this client (Retry-After)' })
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<LoginResponseDto> {
    return this.auth.login(dto.username, dto.password, req.ip);
  }

  @Get('me')
  @Roles(...ALL_STAFF)
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): UserDto {
    return user;
  }
}
