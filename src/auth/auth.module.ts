import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuthController } from './auth.controller';
import { JwtAuthGuard, RolesGuard } from './auth.guards';
import { AuthService } from './auth.service';
import { CredentialsRepository } from './credentials.repository';
import { JwtStrategy } from './jwt.strategy';
import { SIGNING_KEY, signingKeyProvider } from './signing-key.provider';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      extraProviders: [signingKeyProvider, CredentialsRepository],
      inject: [SIGNING_KEY],
      useFactory: (secret: string) => ({ secret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    signingKeyProvider,
    CredentialsRepository,
    AuthService,
    JwtStrategy,
    // Order matters: authenticate first, then check the role.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
