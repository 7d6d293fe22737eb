package io.bankcore.api;

public record GetTransferQuery(String transferId) {}
