"""Throwaway views that raise each kind of error, for the exception-handler tests."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.urls import path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.codes import Code
from common.exceptions import Conflict
from common.views import CodedViewMixin


class _Payload(serializers.Serializer):
    name = serializers.CharField(max_length=5)
    tags = serializers.ListField(child=serializers.IntegerField(), required=False)


class EchoView(CodedViewMixin, APIView):
    permission_classes = [AllowAny]
    success_codes = {None: Code.CREATED}
    error_codes = {None: Code.CONTACT_ADD_FAILED}

    def post(self, request):
        payload = _Payload(data=request.data)
        payload.is_valid(raise_exception=True)
        return Response(payload.validated_data, status=201)


class CrashView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("secret internals: password=hunter2")


class RaceView(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        get_user_model().objects.create(username="racer", email="r@example.com")
        raise IntegrityError("duplicate key value violates unique constraint")


class DomainErrorView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise Conflict(Code.CONFLICT, errors={"user": ["Already there."]})


class PrivateView(APIView):
    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("echo/", EchoView.as_view()),
    path("crash/", CrashView.as_view()),
    path("race/", RaceView.as_view()),
    path("domain/", DomainErrorView.as_view()),
    path("private/", PrivateView.as_view()),
]
